"""What the production mode (several Rasa servers) needs beyond stock Rasa Open Source."""
