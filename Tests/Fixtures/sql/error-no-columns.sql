-- MySQL dump 10.13  Distrib 8.0.36
INSERT INTO `t` VALUES (1,'một');
